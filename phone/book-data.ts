// The booking page's data layer: the choices (sites, services with slots), the free slots of a
// service, booking and cancelling. Typed HTTP calls through the common client; the hub answers in
// the page's language.
import type { Appointment, BookingOptions, DayAvailability } from '../common/appointments.js';
import { HubClient } from '../common/client.js';

export class BookData {
  readonly client = new HubClient({ screen: 'book' });

  constructor() {
    // A public page: never send a token another screen of this browser stored.
    this.client.token = null;
  }

  options(): Promise<BookingOptions> {
    return this.client.api<BookingOptions>('GET', '/api/appointments/options');
  }

  async availability(serviceId: string): Promise<DayAvailability[]> {
    const r = await this.client.api<{ days: DayAvailability[] }>('GET', `/api/appointments/availability?serviceId=${encodeURIComponent(serviceId)}`);
    return r.days;
  }

  async book(body: { serviceId: string; date: string; time: string; name: string; phone: string; consent: boolean; birthDate?: string }): Promise<Appointment> {
    return (await this.client.api<{ appointment: Appointment }>('POST', '/api/appointments', body)).appointment;
  }

  async cancel(code: string, phone: string): Promise<Appointment> {
    return (await this.client.api<{ appointment: Appointment }>('POST', `/api/appointments/${encodeURIComponent(code)}/cancel`, { phone })).appointment;
  }
}
