import type { LocalText, ServiceHours, SiteSettings } from '../../common/types.js';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export const DEFAULT_UNSATISFIED_REASONS: LocalText[] = [
  { vi: 'Thời gian chờ quá lâu', en: 'Waited too long' },
  { vi: 'Thái độ phục vụ chưa tốt', en: 'Unfriendly service' },
  { vi: 'Hướng dẫn chưa rõ ràng', en: 'Unclear guidance' },
  { vi: 'Yêu cầu thêm giấy tờ không cần thiết', en: 'Asked for unnecessary papers' },
  { vi: 'Giải quyết chậm, trễ hẹn', en: 'Slow or late' },
];

export function defaultSettings(overrides: Partial<SiteSettings> = {}): SiteSettings {
  return {
    agencyName: 'UBND',
    branchName: '',
    priorityEnabled: true,
    ordering: { maxPriorityInRow: 3, maxWaitSeconds: 45 * 60, appointmentWindowSeconds: 10 * 60 },
    recallLimit: 3,
    ratingWindowSeconds: 180,
    unsatisfiedReasons: DEFAULT_UNSATISFIED_REASONS,
    ticketFooter: 'Vui lòng giữ phiếu và chờ gọi số. Xin cảm ơn!',
    displayTicker: 'Trung tâm Phục vụ hành chính công xin kính chào quý công dân. Vui lòng giữ trật tự và chờ đến lượt.',
    voice: { enabled: true, repeat: 2, chime: true },
    showTransparency: true,
    paperWidthMm: 80,
    printMode: 'raster',
    ...overrides,
  };
}

/** Hours of a typical commune centre: 7:00-11:15 and 13:15-16:30, Monday to Friday. */
export const OFFICE_HOURS: ServiceHours = {
  sessions: [{ start: '07:00', end: '11:15' }, { start: '13:15', end: '16:30' }],
  weekdays: [1, 2, 3, 4, 5],
  closedDates: [],
};

/** The service areas (lĩnh vực) of a commune/ward centre, domain-vn.md. */
export const DEMO_SERVICES: { code: string; name: LocalText }[] = [
  { code: 'A', name: { vi: 'Tư pháp – Hộ tịch', en: 'Justice – Civil status' } },
  { code: 'B', name: { vi: 'Chứng thực', en: 'Certification' } },
  { code: 'C', name: { vi: 'Đất đai', en: 'Land' } },
  { code: 'D', name: { vi: 'Xây dựng – Quy hoạch', en: 'Construction – Planning' } },
  { code: 'E', name: { vi: 'Nông nghiệp và Môi trường', en: 'Agriculture and Environment' } },
  { code: 'F', name: { vi: 'Lao động – Người có công – Bảo trợ xã hội', en: 'Labour – Veterans – Social protection' } },
  { code: 'G', name: { vi: 'Kinh tế – Đăng ký hộ kinh doanh', en: 'Economy – Household business registration' } },
  { code: 'H', name: { vi: 'Văn hóa – Giáo dục – Y tế', en: 'Culture – Education – Health' } },
  { code: 'K', name: { vi: 'Nội vụ – Thi đua khen thưởng', en: 'Home affairs – Emulation and rewards' } },
  { code: 'T', name: { vi: 'Trả kết quả', en: 'Result return' } },
];

/** Counters of the demo centre and the letters each serves, in order. */
export const DEMO_COUNTERS: { number: number; codes: string[] }[] = [
  { number: 1, codes: ['A', 'B'] },
  { number: 2, codes: ['B', 'A'] },
  { number: 3, codes: ['C', 'D'] },
  { number: 4, codes: ['E', 'F'] },
  { number: 5, codes: ['G', 'H', 'K'] },
  { number: 6, codes: ['T'] },
];

/** A service time assumed before a service has completed any ticket today. */
export const DEFAULT_SERVICE_SECONDS = 300;
