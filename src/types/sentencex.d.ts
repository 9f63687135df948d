declare module 'sentencex' {
  export interface SentenceBoundary {
    start_index: number;
    end_index: number;
    text: string;
  }
  export function segment(language: string, text: string): string[];
  export function get_sentence_boundaries(language: string, text: string): SentenceBoundary[];
}
