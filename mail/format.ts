const BEIJING = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** "2026年11月30日 20:47（北京时间）": deadlines are stated in mainland time, whatever the server's zone. */
export function formatDeadline(iso: string): string {
  return `${BEIJING.format(new Date(iso))}（北京时间）`;
}
