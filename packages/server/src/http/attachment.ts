/**
 * Content-Disposition of a download: the file's own name without its folders, reduced to plain characters. The
 * name is chosen by a tool, an uploader or a version's layout: it must neither break the header nor carry a path.
 */
export function attachment(path: string, fallback = 'download'): string {
  const name = (path.split('/').pop() ?? '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(-120) || fallback;
  return `attachment; filename="${name}"`;
}
