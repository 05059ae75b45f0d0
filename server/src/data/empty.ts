import { dataProblem } from './problem';
import { problemItem, type ReadItem } from './record';

/**
 * The problem for a file that holds no record and no other problem (nothing but whitespace,
 * a CSV header alone, `[]`). It is put on line 1, where a reader of the file looks first;
 * no record is lost to it, so it is not counted as skipped.
 */
export function emptyTrajectory(file: string): ReadItem {
  return problemItem(dataProblem(file, 1, '', 'empty trajectory'), false);
}
