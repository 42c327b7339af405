/**
 * The city's public REST API for home bookings (issue 18 item 4), documented with OpenAPI at
 * /api/docs (@fastify/swagger + swagger-ui; the schemas are the zod contract, converted by
 * fastify-type-provider-zod). No sign-in: a booking is reached only by its unguessable code, and
 * every address and phone number is rate-limited (rate-limiter-flexible, per instance).
 */
import { createHash } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { LocalizedText, type Clock } from '@motcua/shared';
import { BOOKING_ERROR_CODES, BOOKING_STATUSES, BookingError, BookingRequest, type BookingService } from '../booking/bookings';
import type { LiveQueries } from '../live';
import { publicWards } from './public-wards';

export interface PublicApiLimits {
  /** Bookings (create, move, cancel) per client address per 10 minutes. */
  writesPerAddress: number;
  /** Bookings per phone number per day. */
  bookingsPerPhonePerDay: number;
  /** Reads per client address per minute. */
  readsPerAddress: number;
}

const ErrorBody = z.object({ ok: z.literal(false), error: z.object({ code: z.enum([...BOOKING_ERROR_CODES]), message: z.string(), vi: z.string(), en: z.string() }) });
const Booking = z.object({
  code: z.string().describe('Booking code: 12 symbols of Crockford base32 (60 random bits)'),
  qr: z.string().describe('What the QR encodes (MOTCUA:APPT:<code>); the kiosk checks it in'),
  hubId: z.string(),
  wardName: LocalizedText,
  serviceId: z.string(),
  serviceName: LocalizedText,
  procedureCode: z.string().nullable(),
  day: z.string(),
  slotStart: z.number().int().describe('Epoch ms'),
  slotMinutes: z.number().int(),
  name: z.string().nullable().describe('Erased once the slot’s day is over'),
  status: z.enum(BOOKING_STATUSES),
  reason: z.string().nullable().describe('Why the ward refused or cancelled it; on an open booking, why it refused the last move'),
  moveRefused: z.boolean().describe('The ward refused the last move: the booking keeps its status and its earlier slot (slotStart)'),
});
const ok = <T extends z.ZodType>(data: T) => z.object({ ok: z.literal(true), data });
const CodeParams = z.object({ code: z.string().max(64) });
const HubParams = z.object({ hubId: z.string().max(64) });

const WardSummary = z.object({
  hubId: z.string(),
  name: LocalizedText,
  address: z.string(),
  bookable: z.boolean(),
  waiting: z.number().int(),
  /** Tickets the ward usually issues on this weekday (average of the last weeks), null without history. */
  forecastToday: z.number().int().nullable(),
  fields: z.array(z.object({ code: z.string(), name: LocalizedText, waiting: z.number().int(), estimatedWaitMin: z.number().int().nullable() })),
  updatedAt: z.number().int().nullable(),
});
const WardDetail = z.object({
  hubId: z.string(),
  name: LocalizedText,
  address: z.string(),
  bookable: z.boolean(),
  days: z.object({ first: z.string(), last: z.string() }).nullable(),
  slotMinutes: z.number().int().nullable(),
  services: z.array(z.object({ id: z.string(), name: LocalizedText, fieldCode: z.string(), fieldName: LocalizedText, bookable: z.boolean(), procedures: z.array(z.object({ code: z.string(), name: LocalizedText })) })),
});

export function sendBookingError(reply: FastifyReply, e: BookingError): FastifyReply {
  if (e.retryAfterSec) void reply.header('retry-after', String(e.retryAfterSec));
  return reply.code(e.status).send({ ok: false, error: { code: e.code, message: e.message, vi: e.vi, en: e.en } });
}

export class PublicThrottle {
  private readonly writes: RateLimiterMemory;
  private readonly reads: RateLimiterMemory;
  private readonly phones: RateLimiterMemory;
  constructor(limits: PublicApiLimits) {
    this.writes = new RateLimiterMemory({ keyPrefix: 'pub-write', points: limits.writesPerAddress, duration: 600 });
    this.reads = new RateLimiterMemory({ keyPrefix: 'pub-read', points: limits.readsPerAddress, duration: 60 });
    this.phones = new RateLimiterMemory({ keyPrefix: 'pub-phone', points: limits.bookingsPerPhonePerDay, duration: 86_400 });
  }
  async read(address: string): Promise<void> {
    await consume(this.reads, address);
  }
  async write(address: string): Promise<void> {
    await consume(this.writes, address);
  }
  /** The phone's daily booking allowance; the key is a hash, the number is not kept. */
  async phone(phone: string | undefined): Promise<void> {
    const digits = phone?.replace(/\D/g, '').replace(/^84/, '0') ?? '';
    if (digits.length < 9) return;
    await consume(this.phones, createHash('sha256').update(digits).digest('hex'));
  }
}

async function consume(l: RateLimiterMemory, key: string): Promise<void> {
  try {
    await l.consume(key);
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    const sec = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw new BookingError('rate_limited', 429, `Quá nhiều yêu cầu; mời Ông/Bà thử lại sau ${sec} giây.`, `Too many requests; please try again in ${sec} s.`, sec);
  }
}

export function registerPublicApi(app: FastifyInstance, deps: { bookings: BookingService; live: LiveQueries; throttle: PublicThrottle; clock: Clock }): void {
  const { bookings, throttle } = deps;
  void app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Một Cửa — API đặt lịch công khai / public booking API', version: '1.0.0', description: 'Đặt lịch từ xa tại các phường/xã. Lỗi có thông điệp tiếng Việt (vi) và tiếng Anh (en). / Book from home at any ward. Errors carry Vietnamese (vi) and English (en) messages.' },
      tags: [{ name: 'public', description: 'Công khai / public' }],
    },
    hideUntagged: true,
    transform: jsonSchemaTransform,
  });
  void app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  void app.register(
    (pub, _opts, done) => {
      pub.setValidatorCompiler(validatorCompiler);
      pub.setSerializerCompiler(serializerCompiler);
      pub.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
        if (err instanceof BookingError) return sendBookingError(reply, err);
        if (hasZodFastifySchemaValidationErrors(err)) {
          const issue = err.validation[0];
          const where = issue ? `${issue.instancePath}` : '';
          return sendBookingError(reply, new BookingError('invalid_input', 400, `Dữ liệu không hợp lệ ${where}`.trim(), `Invalid input ${where}: ${issue?.message ?? ''}`.trim()));
        }
        if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || (err.statusCode && err.statusCode < 500))
          return sendBookingError(reply, new BookingError('invalid_input', err.statusCode ?? 400, 'Yêu cầu không hợp lệ.', `Invalid request: ${err.message}`));
        reply.log.error({ err }, 'public API error');
        return reply.code(500).send({ ok: false, error: { code: 'internal', message: 'Lỗi máy chủ, mời thử lại sau. / Server error, please try again later.' } });
      });
      const api = pub.withTypeProvider<ZodTypeProvider>();
      const read = async (req: FastifyRequest) => throttle.read(req.ip);
      const write = async (req: FastifyRequest) => throttle.write(req.ip);
      const tags = ['public'];
      const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

      api.get('/api/public/wards', { schema: { tags, summary: 'Phường/xã, hàng chờ hiện tại và dự báo hôm nay / Wards with live waits and today’s forecast', response: { 200: ok(z.array(WardSummary)), 429: ErrorBody } }, onRequest: read }, async () => ({
        ok: true as const,
        data: await publicWards(deps, deps.clock.now()),
      }));

      api.get('/api/public/wards/:hubId', { schema: { tags, summary: 'Một phường/xã: lĩnh vực, dịch vụ, thủ tục / One ward: fields, services, procedures', params: HubParams, response: { 200: ok(WardDetail), ...errors } }, onRequest: read }, async (req) => {
        const w = await bookings.ward(req.params.hubId);
        if (!w) throw new BookingError('unknown_ward', 404, 'Không có phường/xã này.', 'No such ward.');
        return {
          ok: true as const,
          data: {
            hubId: w.hubId,
            name: w.name,
            address: w.address,
            bookable: w.setup !== null,
            days: w.days,
            slotMinutes: w.setup?.slotMinutes ?? null,
            services: w.services.map((s) => ({ id: s.id, name: s.name, fieldCode: s.fieldCode, fieldName: s.fieldName, bookable: w.setup !== null && s.counters > 0, procedures: s.procedures })),
          },
        };
      });

      api.get(
        '/api/public/wards/:hubId/slots',
        {
          schema: {
            tags,
            summary: 'Giờ hẹn còn chỗ trong một ngày / A day’s slots and free places',
            params: HubParams,
            querystring: z.object({ serviceId: z.string().min(1).max(64), day: z.string().max(20).describe('YYYY-MM-DD') }),
            response: { 200: ok(z.array(z.object({ slotStart: z.number().int(), free: z.number().int() }))), ...errors },
          },
          onRequest: read,
        },
        async (req) => {
          const { slots } = await bookings.slots(req.params.hubId, req.query.serviceId, req.query.day);
          return { ok: true as const, data: slots.map((s) => ({ slotStart: s.slotStart, free: s.free })) };
        },
      );

      api.post(
        '/api/public/bookings',
        { schema: { tags, summary: 'Đặt lịch / Book a slot', body: BookingRequest, response: { 201: ok(Booking), ...errors } }, onRequest: write },
        async (req, reply) => {
          await throttle.phone(req.body.phone);
          const b = await bookings.create(req.body);
          return reply.code(201).send({ ok: true as const, data: b });
        },
      );

      api.get('/api/public/bookings/:code', { schema: { tags, summary: 'Xem lịch hẹn theo mã / A booking by its code', params: CodeParams, response: { 200: ok(Booking), ...errors } }, onRequest: read }, async (req) => ({
        ok: true as const,
        data: await bookings.get(req.params.code),
      }));

      api.delete('/api/public/bookings/:code', { schema: { tags, summary: 'Huỷ lịch hẹn / Cancel a booking', params: CodeParams, response: { 200: ok(Booking), ...errors } }, onRequest: write }, async (req) => ({
        ok: true as const,
        data: await bookings.cancel(req.params.code),
      }));

      api.post(
        '/api/public/bookings/:code/move',
        { schema: { tags, summary: 'Đổi giờ hẹn / Move a booking to another slot', params: CodeParams, body: z.object({ slotStart: z.number().int() }), response: { 200: ok(Booking), ...errors } }, onRequest: write },
        async (req) => ({ ok: true as const, data: await bookings.move(req.params.code, req.body.slotStart) }),
      );
      done();
    },
  );
}
