import type { RuleCheck } from '../engine/types';
import { DVR001 } from './DVR001';
import { DVR101 } from './DVR101';
import { DVR102 } from './DVR102';
import { DVR103 } from './DVR103';
import { DVR104 } from './DVR104';
import { DVR105 } from './DVR105';
import { DVR201 } from './DVR201';
import { DVR202 } from './DVR202';
import { DVR301 } from './DVR301';
import { DVR302 } from './DVR302';
import { DVR303 } from './DVR303';
import { DVR304 } from './DVR304';
import { DVR401 } from './DVR401';
import { DVR402 } from './DVR402';
import { DVR403 } from './DVR403';
import { DVR501 } from './DVR501';
import { DVR502 } from './DVR502';
import { DVR503 } from './DVR503';
import { DVR504 } from './DVR504';
import { DVR601 } from './DVR601';
import { DVR602 } from './DVR602';
import { DVR603 } from './DVR603';
import { DVR701 } from './DVR701';
import { DVR702 } from './DVR702';
import { DVR801 } from './DVR801';
import { DVR802 } from './DVR802';

/** Every rule's check code; metadata and docs come from rules/<ID>.md. */
export const ALL_CHECKS: readonly RuleCheck[] = [
  DVR001,
  DVR101,
  DVR102,
  DVR103,
  DVR104,
  DVR105,
  DVR201,
  DVR202,
  DVR301,
  DVR302,
  DVR303,
  DVR304,
  DVR401,
  DVR402,
  DVR403,
  DVR501,
  DVR502,
  DVR503,
  DVR504,
  DVR601,
  DVR602,
  DVR603,
  DVR701,
  DVR702,
  DVR801,
  DVR802,
];
