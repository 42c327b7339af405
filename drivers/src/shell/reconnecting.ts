/**
 * The local page a shell shows while the hub cannot be reached (it is a data: URL built in the
 * main process, so it needs neither the hub nor a file on disk). It has no script at all: the
 * main process keeps probing the hub and loads the app again as soon as it answers.
 */

export interface ReconnectingPageInput {
  /** Which screen this is, shown small so a technician knows what to look for. */
  kind: 'kiosk' | 'counter' | 'display';
  hubUrl: string;
  /** Seconds between attempts, for the sentence under the title. */
  retrySec: number;
  /** What went wrong last, in words (e.g. "ECONNREFUSED"); shown small. */
  detail?: string | null;
}

const TITLES: Record<ReconnectingPageInput['kind'], { vi: string; en: string }> = {
  kiosk: { vi: 'Máy lấy số tạm thời chưa sẵn sàng', en: 'The ticket kiosk is not ready yet' },
  counter: { vi: 'Màn hình quầy tạm thời chưa sẵn sàng', en: 'The counter screen is not ready yet' },
  display: { vi: 'Bảng hiển thị tạm thời chưa sẵn sàng', en: 'The display board is not ready yet' },
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function reconnectingPageHtml(input: ReconnectingPageInput): string {
  const t = TITLES[input.kind];
  const detail = input.detail ? `<p class="detail">${escapeHtml(input.detail.slice(0, 200))}</p>` : '';
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Một Cửa — ${escapeHtml(t.vi)}</title>
<style>
  html, body { margin: 0; height: 100%; background: #0b2545; color: #fff; font-family: "Be Vietnam Pro", "Noto Sans", "DejaVu Sans", sans-serif; }
  main { height: 100%; display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; padding: 5vmin; box-sizing: border-box; gap: 3vmin; }
  h1 { font-size: 6vmin; margin: 0; line-height: 1.2; }
  .en { font-size: 4vmin; color: #c9d6ea; margin: 0; }
  .spinner { width: 14vmin; height: 14vmin; border-radius: 50%; border: 1.6vmin solid #35577f; border-top-color: #ffd23f; animation: spin 1.1s linear infinite; }
  @keyframes spin { to { transform: rotate(360deg); } }
  .help { font-size: 3.6vmin; max-width: 80vw; }
  .detail { font-size: 2.4vmin; color: #9fb3cf; font-family: monospace; }
</style>
</head>
<body>
<main>
  <div class="spinner" role="img" aria-label="đang kết nối"></div>
  <h1>${escapeHtml(t.vi)}</h1>
  <p class="en">${escapeHtml(t.en)}</p>
  <p class="help">Đang kết nối lại với máy chủ của trung tâm, tự thử lại mỗi ${input.retrySec} giây. Xin vui lòng chờ hoặc liên hệ cán bộ hướng dẫn.<br><span class="en">Reconnecting to the centre's server, retrying every ${input.retrySec} s. Please wait or ask a member of staff.</span></p>
  <p class="detail">${escapeHtml(input.kind)} → ${escapeHtml(input.hubUrl)}</p>
  ${detail}
</main>
</body>
</html>`;
}

/** The page as a data: URL for `webContents.loadURL`. */
export function reconnectingPageUrl(input: ReconnectingPageInput): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(reconnectingPageHtml(input))}`;
}
