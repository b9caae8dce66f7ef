/** Gives an element cut on screen (ellipsis) its whole text as a tooltip, and takes it away once it fits. */
export function titleWhenCut(element: HTMLElement): void {
  if (element.scrollWidth > element.clientWidth) {
    const text = element.textContent ?? ''
    if (element.title !== text) element.title = text
  } else if (element.title !== '') element.removeAttribute('title')
}
