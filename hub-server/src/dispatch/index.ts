/**
 * Dispatch: who is called next, which idle counter takes an arriving visitor, how long a new ticket
 * will wait, and staffing advice. Pure functions of their input; the hub and the simulator
 * (`npm run sim`) call the same code.
 */
export type * from './types';
export { DEFAULT_DISPATCH_CONFIG, applyPriorityRule, chooseCounterForArrival, selectNextTicket } from './policy';
export type { ArrivalInput } from './policy';
export { predictQueue } from './predict';
export type { PredictQueueInput, TicketForecast, WaitPrediction } from './predict';
export { pressureOf, staffingAdvice } from './advice';
export type { AdviceCounter, AdviceEffect, AdvicePressure, AdviceService, AdviceText, ReserveClerk, StaffingAdvice, StaffingAdviceInput, StaffingAdviceItem, StaffingAdviceOptions } from './advice';
export { MOTCUA_DEFAULTS } from './tuning';
export { deadline, mayServe, waitStart } from './skills';
