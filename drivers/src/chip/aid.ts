/** The ICAO LDS1 eMRTD application identifier (9303-10 §3.6.1). */
export const EMRTD_AID_BYTES = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);
