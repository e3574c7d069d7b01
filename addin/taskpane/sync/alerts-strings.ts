/** The alerts section's texts (Sync tab), one object per language; the others are typed by the English one. */
export const alertsEn = {
  title: 'Alerts',
  intro: 'Where the worker sends deadline alerts (set up with `atoz alerts` or the API), and the latest messages.',
  refresh: 'Show alerts',
  loading: 'Loading…',
  noChannels: 'No alert channel yet: add one with `atoz alerts add`.',
  broken: (answer: string) => `Refused by its service: ${answer}. Fix the channel to resume it.`,
  ok: 'Working',
  channelHeaders: { name: 'Channel', target: 'Sends to', status: 'Status' },
  deliveryHeaders: { when: 'Queued', event: 'Event', order: 'Order', state: 'State' },
  noDeliveries: 'No message sent yet.',
  states: { pending: 'Waiting', sending: 'Sending', sent: 'Sent', failed: 'Failed', held: 'Held (channel broken)' },
};
export type AlertsStrings = typeof alertsEn;

export const alertsZhCN: AlertsStrings = {
  title: '提醒',
  intro: '服务器发送截止提醒的通知渠道（用 `atoz alerts` 或 API 设置），以及最近的消息。',
  refresh: '显示提醒',
  loading: '正在加载…',
  noChannels: '还没有通知渠道：用 `atoz alerts add` 添加。',
  broken: (answer: string) => `被对方服务拒绝：${answer}。修正通知渠道后即恢复发送。`,
  ok: '正常',
  channelHeaders: { name: '通知渠道', target: '发送到', status: '状态' },
  deliveryHeaders: { when: '排队时间', event: '事件', order: '订单', state: '状态' },
  noDeliveries: '还没有发送过消息。',
  states: { pending: '等待', sending: '发送中', sent: '已发送', failed: '失败', held: '暂停（通知渠道故障）' },
};

export const alertsZhTW: AlertsStrings = {
  title: '提醒',
  intro: '伺服器傳送截止提醒的通知管道（用 `atoz alerts` 或 API 設定），以及最近的訊息。',
  refresh: '顯示提醒',
  loading: '正在載入…',
  noChannels: '還沒有通知管道：用 `atoz alerts add` 新增。',
  broken: (answer: string) => `被對方服務拒絕：${answer}。修正通知管道後即恢復傳送。`,
  ok: '正常',
  channelHeaders: { name: '通知管道', target: '傳送到', status: '狀態' },
  deliveryHeaders: { when: '排隊時間', event: '事件', order: '訂單', state: '狀態' },
  noDeliveries: '還沒有傳送過訊息。',
  states: { pending: '等待', sending: '傳送中', sent: '已傳送', failed: '失敗', held: '暫停（通知管道故障）' },
};
