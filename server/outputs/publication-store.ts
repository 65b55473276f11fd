/** The publication port: whether, and since when, an event's outputs are public. */
export interface PublicationStore {
  /** Epoch ms when the event's outputs were published, or null when they are not. */
  getOutputsPublished(eventId: string): Promise<number | null>;
  /** null unpublishes: the record is deleted (what the event's purge does too). */
  setOutputsPublished(eventId: string, publishedAt: number | null): Promise<void>;
}
