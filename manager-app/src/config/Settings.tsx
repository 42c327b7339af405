/** Opening hours and breaks, priority rules, the rating scale and the wait alarms. */
import { useEffect, useState } from 'react';
import { PRIORITY_LABELS, PriorityGroup, type CentreSettings } from '@motcua/shared';
import type { AppContext } from '../App';
import { call } from '../hub';
import { useTr } from '../i18n';
import { useConfig } from '../useConfig';
import { FormActions, OutcomeMsg, onSubmitted, useOutcome } from './form';

const DAYS: [string, string][] = [
  ['Thứ Hai', 'Monday'],
  ['Thứ Ba', 'Tuesday'],
  ['Thứ Tư', 'Wednesday'],
  ['Thứ Năm', 'Thursday'],
  ['Thứ Sáu', 'Friday'],
  ['Thứ Bảy', 'Saturday'],
  ['Chủ nhật', 'Sunday'],
];

export function Settings({ ctx }: { ctx: AppContext }) {
  const { tr, lang } = useTr();
  const { socket, snapshot: s } = ctx;
  const { config } = useConfig(socket, s);
  const [draft, setDraft] = useState<CentreSettings | null>(null);
  const outcome = useOutcome();
  useEffect(() => {
    if (config && !draft) setDraft(config.settings);
  }, [config, draft]);
  if (!draft) return <p className="muted">…</p>;

  const save = async () => outcome.report(await call(socket, 'manager:saveSettings', draft), () => tr('Đã lưu cấu hình; các màn hình được cập nhật.', 'Settings saved; screens updated.'));
  const setDay = (i: number, v: CentreSettings['openingHours'][number]) => setDraft({ ...draft, openingHours: draft.openingHours.map((d, j) => (j === i ? v : d)) });

  return (
    <form className="stack" onSubmit={onSubmitted(() => void save())}>
      <div className="cols">
        <section className="card">
          <h2>{tr('Giờ làm việc', 'Opening hours')}</h2>
          <table className="table">
            <tbody>
              {DAYS.map(([vi, en], i) => {
                const d = draft.openingHours[i] ?? null;
                return (
                  <tr key={vi}>
                    <td>{tr(vi, en)}</td>
                    <td>
                      <label className="inline">
                        <input type="checkbox" checked={d !== null} onChange={(e) => setDay(i, e.target.checked ? { open: '07:30', close: '17:00' } : null)} /> {tr('Mở cửa', 'Open')}
                      </label>
                    </td>
                    <td>{d && <input type="time" aria-label={`${tr(vi, en)} ${tr('mở', 'open')}`} value={d.open} onChange={(e) => setDay(i, { ...d, open: e.target.value })} />}</td>
                    <td>{d && <input type="time" aria-label={`${tr(vi, en)} ${tr('đóng', 'close')}`} value={d.close} onChange={(e) => setDay(i, { ...d, close: e.target.value })} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h3>{tr('Giờ nghỉ', 'Breaks')}</h3>
          {draft.breaks.map((b, i) => (
            <div key={i} className="inline-form">
              <input aria-label={tr('Tên', 'Label')} value={b.label} onChange={(e) => setDraft({ ...draft, breaks: draft.breaks.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)) })} />
              <input type="time" aria-label={tr('Bắt đầu', 'Start')} value={b.start} onChange={(e) => setDraft({ ...draft, breaks: draft.breaks.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)) })} />
              <input type="time" aria-label={tr('Kết thúc', 'End')} value={b.end} onChange={(e) => setDraft({ ...draft, breaks: draft.breaks.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)) })} />
              <button type="button" className="link danger" onClick={() => setDraft({ ...draft, breaks: draft.breaks.filter((_, j) => j !== i) })}>
                {tr('Bỏ', 'Remove')}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setDraft({ ...draft, breaks: [...draft.breaks, { start: '15:00', end: '15:15', label: tr('Giải lao', 'Break') }] })}>
            {tr('Thêm giờ nghỉ', 'Add a break')}
          </button>
        </section>

        <div className="stack">
          <section className="card">
            <h2>{tr('Quy tắc ưu tiên', 'Priority rules')}</h2>
            <label>
              {tr('Người cao tuổi từ (tuổi)', 'Elderly from (age)')}
              <input type="number" min={50} max={100} value={draft.priority.elderlyAge} onChange={(e) => setDraft({ ...draft, priority: { ...draft.priority, elderlyAge: Number(e.target.value) } })} />
            </label>
            <label>
              {tr('Tối đa số ưu tiên liên tiếp khi người khác đang chờ', 'At most this many priority tickets in a row while others wait')}
              <input type="number" min={1} max={10} value={draft.priority.maxInRow} onChange={(e) => setDraft({ ...draft, priority: { ...draft.priority, maxInRow: Number(e.target.value) } })} />
            </label>
            <fieldset>
              <legend>{tr('Nhóm được ưu tiên', 'Priority groups')}</legend>
              {PriorityGroup.options.map((g) => (
                <label key={g} className="inline">
                  <input
                    type="checkbox"
                    checked={draft.priority.groups.includes(g)}
                    onChange={(e) => setDraft({ ...draft, priority: { ...draft.priority, groups: e.target.checked ? [...draft.priority.groups, g] : draft.priority.groups.filter((x) => x !== g) } })}
                  />{' '}
                  {PRIORITY_LABELS[g][lang]}
                </label>
              ))}
            </fieldset>
          </section>
          <section className="card">
            <h2>{tr('Đánh giá hài lòng', 'Satisfaction rating')}</h2>
            <label>
              {tr('Thang điểm', 'Scale')}
              <select aria-label={tr('Thang điểm', 'Scale')} value={draft.rating.scale} onChange={(e) => setDraft({ ...draft, rating: { ...draft.rating, scale: Number(e.target.value) === 5 ? 5 : 4 } })}>
                <option value={4}>{tr('4 mức (Rất hài lòng … Không hài lòng)', '4 levels (Very satisfied … Dissatisfied)')}</option>
                <option value={5}>{tr('5 sao', '5 stars')}</option>
              </select>
            </label>
            <label>
              {tr('Màn hình đánh giá tự đóng sau (giây)', 'Rating screen closes after (s)')}
              <input type="number" min={5} max={300} value={draft.rating.timeoutSec} onChange={(e) => setDraft({ ...draft, rating: { ...draft.rating, timeoutSec: Number(e.target.value) } })} />
            </label>
            <label>
              {tr('Hỏi lý do khi điểm từ … trở xuống', 'Ask for a reason at or below')}
              <input type="number" min={0} max={5} value={draft.rating.askReasonAtOrBelow} onChange={(e) => setDraft({ ...draft, rating: { ...draft.rating, askReasonAtOrBelow: Number(e.target.value) } })} />
            </label>
          </section>
          <section className="card">
            <h2>{tr('Cảnh báo thời gian chờ', 'Wait alarms')}</h2>
            <label>
              {tr('Cảnh báo khi chờ (phút)', 'Warn after (min)')}
              <input type="number" min={1} max={240} value={draft.alarms.warnMin} onChange={(e) => setDraft({ ...draft, alarms: { ...draft.alarms, warnMin: Number(e.target.value) } })} />
            </label>
            <label>
              {tr('Vượt ngưỡng khi chờ (phút)', 'Breach after (min)')}
              <input type="number" min={1} max={240} value={draft.alarms.breachMin} onChange={(e) => setDraft({ ...draft, alarms: { ...draft.alarms, breachMin: Number(e.target.value) } })} />
            </label>
          </section>
        </div>
      </div>
      <FormActions className="row-end sticky" onCancel={() => config && setDraft(config.settings)} cancelLabel={tr('Hoàn tác', 'Revert')} saveLabel={tr('Lưu cấu hình', 'Save settings')}>
        <OutcomeMsg msg={outcome.msg} as="span" />
      </FormActions>
    </form>
  );
}
