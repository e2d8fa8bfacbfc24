import { lessonParts, type LessonTextLanguage } from '../../../shared/lesson-text/format';
import type { LessonMessage as Message } from '../../../shared/lesson-text/message';

/** A lesson's timeline or outcome sentence in the language shown; what the program wrote, and command lines, as code. */
export function LessonMessage({ message, language }: { message: Message; language: LessonTextLanguage }) {
  return <>{lessonParts(language, message).map((part, i) => (typeof part === 'string' ? part : <code key={i}>{part.code}</code>))}</>;
}
