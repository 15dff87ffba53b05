export interface VoicemailListParams {
  q?: string;
  page: number;
  page_size: number;
}

/** Under `['telephony', 'voicemail']`: the destination and extension pickers refresh with it. */
export const voicemailKeys = {
  all: ['telephony', 'voicemail'] as const,
  list: (p: VoicemailListParams) => ['telephony', 'voicemail', 'list', p] as const,
};
