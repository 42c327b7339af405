/** The display board's words, English: exactly the keys of VI. */
import { SHARED_EN, type Messages } from '@motcua/shared';
import type { VI } from './vi';

export const EN = {
  ...SHARED_EN,
  nowCallingNumber: 'Now calling',
  announcing: 'announcing',
  toCounter: 'go to counter',
  recallLabel: 'Recall',
  pleaseWait: 'Please wait for your number',
  recentlyCalled: 'Recently called',
  numberHead: 'No.',
  counterHead: 'Counter',
  noOtherCalls: 'No other calls yet today',
  peopleWaiting: 'waiting',
  waitFor: 'Expected wait',
  figuresAsOf: 'Figures as of {time}.',
  closedTitle: 'The centre is closed',
  closedNext: 'Tickets are issued again at {time}.',
  closedNoOpening: 'No next opening is set.',
  enableSound: 'Tap to enable sound',
  tickerKeepTicket: 'Please keep your ticket and listen for your number',
  tickerFollow: 'Scan the QR code on your ticket to follow your turn on your phone',
  tickerPriority: 'Priority for the elderly, people with disabilities, pregnant women and people with meritorious service',
  tickerAnywhere: 'Procedures are accepted regardless of your place of residence',
} as const satisfies Messages<typeof VI>;
