import type { RuleCheck } from '../engine/types';
import { DVR101 } from './DVR101';
import { DVR301 } from './DVR301';
import { DVR302 } from './DVR302';
import { DVR401 } from './DVR401';
import { DVR402 } from './DVR402';
import { DVR403 } from './DVR403';
import { DVR801 } from './DVR801';

/** Every rule's check code; metadata and docs come from rules/<ID>.md. */
export const ALL_CHECKS: readonly RuleCheck[] = [DVR101, DVR301, DVR302, DVR401, DVR402, DVR403, DVR801];
