import { describe, expect, it } from 'vitest';
import { announcementSentence, requiredVoicePackWords, ticketNumberWords } from './announcement';

describe('ticketNumberWords', () => {
  it('reads a numeric ticket as a number', () => {
    expect(ticketNumberWords('1023', 'vi')).toEqual(['một', 'nghìn', 'không', 'trăm', 'hai', 'mươi', 'ba']);
    expect(ticketNumberWords('2015', 'en')).toEqual(['two', 'thousand', 'fifteen']);
  });

  it('spells a letter prefix, then reads the digits as a number', () => {
    expect(ticketNumberWords('A023', 'vi')).toEqual(['a', 'hai', 'mươi', 'ba']);
    expect(ticketNumberWords('B105', 'vi')).toEqual(['bê', 'một', 'trăm', 'lẻ', 'năm']);
    expect(ticketNumberWords('A023', 'en')).toEqual(['ay', 'twenty', 'three']);
  });

  it('keeps leading zeros of an all-digit number audible', () => {
    expect(ticketNumberWords('0023', 'vi')).toEqual(['không', 'không', 'hai', 'mươi', 'ba']);
    expect(ticketNumberWords('0', 'vi')).toEqual(['không']);
    expect(ticketNumberWords('000', 'en')).toEqual(['zero', 'zero', 'zero']);
  });

  it('reads anything else character by character', () => {
    expect(ticketNumberWords('A-12', 'vi')).toEqual(['a', 'một', 'hai']);
    expect(ticketNumberWords('1234567890123', 'en')).toHaveLength(13);
  });
});

describe('announcementSentence', () => {
  it('is the Vietnamese call sentence, word by word', () => {
    const s = announcementSentence({ number: '1023', counterNumber: 3 }, 'vi');
    expect(s.words).toEqual(['mời công dân có số thứ tự', 'một', 'nghìn', 'không', 'trăm', 'hai', 'mươi', 'ba', 'đến quầy số', 'ba']);
    expect(s.text).toBe('Mời công dân có số thứ tự một nghìn không trăm hai mươi ba, đến quầy số ba.');
  });

  it('reads counters the same way as tickets', () => {
    expect(announcementSentence({ number: '1021', counterNumber: 15 }, 'vi').text).toBe('Mời công dân có số thứ tự một nghìn không trăm hai mươi mốt, đến quầy số mười lăm.');
    expect(announcementSentence({ number: '105', counterNumber: 21 }, 'vi').words.slice(-3)).toEqual(['hai', 'mươi', 'mốt']);
  });

  it('has an English sentence for foreign visitors', () => {
    expect(announcementSentence({ number: '1023', counterNumber: 3 }, 'en').text).toBe('Ticket number one thousand twenty three, please go to counter three.');
  });

  it('uses a pack\'s own phrases and reading style', () => {
    const s = announcementSentence({ number: '1024', counterNumber: 2 }, 'vi', { phrases: { intro: 'xin mời số', toCounter: 'tới quầy' }, numberStyle: { thousand: 'ngàn', fourAfterTens: 'tư' } });
    expect(s.text).toBe('Xin mời số một ngàn không trăm hai mươi tư, tới quầy hai.');
  });
});

describe('requiredVoicePackWords', () => {
  it('lists every word any call needs, each once', () => {
    const vi = requiredVoicePackWords('vi');
    expect(new Set(vi).size).toBe(vi.length);
    for (const w of ['mời công dân có số thứ tự', 'đến quầy số', 'không', 'mười', 'mươi', 'mốt', 'lăm', 'trăm', 'nghìn', 'triệu', 'tỷ', 'lẻ', 'bê']) expect(vi).toContain(w);
    const en = requiredVoicePackWords('en');
    for (const w of ['ticket number', 'please go to counter', 'zero', 'nineteen', 'ninety', 'hundred', 'thousand', 'million', 'zed']) expect(en).toContain(w);
  });

  it('covers every number and letter prefix a ticket can have', () => {
    const have = new Set(requiredVoicePackWords('vi'));
    for (const n of ['1', '1023', '9999', 'A001', 'Z999', '123456789']) {
      for (const w of announcementSentence({ number: n, counterNumber: 999 }, 'vi').words) expect(have.has(w), `${n}: ${w}`).toBe(true);
    }
  });
});
