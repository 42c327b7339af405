import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { fail, ok, type Lang } from '@motcua/shared';
import { LangProvider } from '../i18n';
import { EditForm, FormActions, ItemSelect, ListTable, NameInputs, OutcomeMsg, RowActions, resultMsg, type Editor } from './form';

const html = (el: ReactElement, lang: Lang = 'vi') => renderToStaticMarkup(<LangProvider value={{ lang, setLang: () => undefined }}>{el}</LangProvider>);
const none = () => undefined;
const editor: Editor<{ code: string }> = { draft: { code: 'HT' }, edit: none, patch: none, submit: none, cancel: none };

describe('resultMsg', () => {
  it('shows the success text with the data, or the error in the manager language', () => {
    expect(resultMsg(ok({ number: 6 }), (d) => `Đã lưu quầy ${d.number}.`, 'vi')).toEqual({ ok: true, text: 'Đã lưu quầy 6.' });
    expect(resultMsg(fail('not_found'), () => 'x', 'vi')).toEqual({ ok: false, text: 'Không tìm thấy dữ liệu yêu cầu.' });
    expect(resultMsg(fail('not_found'), () => 'x', 'en')).toEqual({ ok: false, text: 'Not found.' });
  });
});

describe('form markup', () => {
  it('renders the outcome as a status or an alert, nothing without one', () => {
    expect(html(<OutcomeMsg msg={null} />)).toBe('');
    expect(html(<OutcomeMsg msg={{ ok: true, text: 'Đã lưu.' }} testId="counter-msg" />)).toBe('<p class="okmsg" role="status" data-testid="counter-msg">Đã lưu.</p>');
    expect(html(<OutcomeMsg msg={{ ok: false, text: 'Lỗi' }} as="span" />)).toBe('<span class="error" role="alert">Lỗi</span>');
  });

  it('ends a card form with Cancel then Save, a subform with Save then Cancel, in the chosen language', () => {
    expect(html(<EditForm editor={editor} variant="card" label="Sửa quầy" saveLabel="Lưu quầy"><h2>Quầy 6</h2></EditForm>)).toBe(
      '<form class="card" aria-label="Sửa quầy"><h2>Quầy 6</h2><div class="row-end"><button type="button">Hủy</button><button type="submit" class="primary">Lưu quầy</button></div></form>',
    );
    expect(html(<EditForm editor={editor} variant="subform"><input /></EditForm>, 'en')).toBe('<form class="subform"><input/><button type="submit" class="primary">Save</button><button type="button">Cancel</button></form>');
    expect(html(<FormActions className="row-end sticky" onCancel={none} cancelLabel="Hoàn tác"><span>ok</span></FormActions>)).toBe(
      '<div class="row-end sticky"><span>ok</span><button type="button">Hoàn tác</button><button type="submit" class="primary">Lưu</button></div>',
    );
  });

  it('renders a list table with an empty header over the row actions', () => {
    const row = (
      <tr>
        <td>1</td>
        <RowActions onEdit={none} onDelete={none} />
      </tr>
    );
    expect(html(<ListTable testId="clerks" headers={['Số', 'Tên']}>{row}</ListTable>)).toBe(
      '<table class="table" data-testid="clerks"><thead><tr><th>Số</th><th>Tên</th><th></th></tr></thead><tbody><tr><td>1</td><td class="actions"><button type="button" class="link">Sửa</button><button type="button" class="link danger">Xóa</button></td></tr></tbody></table>',
    );
    expect(html(<ListTable><tr><RowActions onEdit={none} /></tr></ListTable>, 'en')).toBe('<table class="table"><tbody><tr><td class="actions"><button type="button" class="link">Edit</button></td></tr></tbody></table>');
  });

  it('renders the name inputs and an item select', () => {
    expect(html(<NameInputs value={{ vi: 'Hộ tịch', en: 'Civil status' }} onChange={none} viClassName="wide" viPlaceholder="Tên thủ tục" />)).toBe(
      '<input class="wide" aria-label="Tên tiếng Việt" placeholder="Tên thủ tục" required="" value="Hộ tịch"/><input aria-label="Tên tiếng Anh" placeholder="Tên tiếng Anh" required="" value="Civil status"/>',
    );
    const items = [
      { id: 'f1', name: { vi: 'Hộ tịch', en: 'Civil status' } },
      { id: 'f2', name: { vi: 'Đất đai', en: 'Land' } },
    ];
    expect(html(<ItemSelect label="Field" items={items} value="f2" onChange={none} />, 'en')).toBe('<select aria-label="Field"><option value="f1">Civil status</option><option value="f2" selected="">Land</option></select>');
  });
});
