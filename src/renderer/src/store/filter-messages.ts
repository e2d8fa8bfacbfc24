import type { TFunction } from 'i18next';
import type { FilterProblem } from './filter';

/** What the filter box says about a term it could not read, in the person's language. */
export function filterProblemText(t: TFunction, problem: FilterProblem): string {
  switch (problem.kind) {
    case 'unknown-key':
      return t('errors.unknownFilterKey', { key: problem.key, known: problem.known.join(', ') });
    case 'empty-value':
      return t('errors.filterEmptyValue', { term: problem.term, key: problem.key });
    case 'not-a-number':
      return t('errors.filterNotANumber', { term: problem.term, key: problem.key, value: problem.value });
    case 'unknown-state':
      return t('errors.filterUnknownState', { term: problem.term, value: problem.value, known: problem.known.join(', ') });
    case 'unclosed-quote':
      return t('errors.filterUnclosedQuote');
  }
}
