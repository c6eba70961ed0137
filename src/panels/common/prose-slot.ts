import { createContext, type ReactNode } from 'react';

/**
 * The current section's prose, handed by the article to the panel shell, which lays it out beside the
 * stage (wide screens) or under the pinned hero (phones): one parent for both, so the hero can stay in
 * view for the whole of the text. Null in lecture mode, in an embed, or with `hide=prose`.
 */
export const ProseSlot = createContext<ReactNode>(null);
