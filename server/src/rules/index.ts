import type { RuleCheck } from '../engine/types';
import { DVR001 } from './DVR001';
import { DVR101 } from './DVR101';
import { DVR102 } from './DVR102';
import { DVR103 } from './DVR103';
import { DVR104 } from './DVR104';
import { DVR105 } from './DVR105';
import { DVR106 } from './DVR106';
import { DVR107 } from './DVR107';
import { DVR108 } from './DVR108';
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
import { DVR505 } from './DVR505';
import { DVR506 } from './DVR506';
import { DVR507 } from './DVR507';
import { DVR508 } from './DVR508';
import { DVR509 } from './DVR509';
import { DVR510 } from './DVR510';
import { DVR511 } from './DVR511';
import { DVR601 } from './DVR601';
import { DVR602 } from './DVR602';
import { DVR603 } from './DVR603';
import { DVR701 } from './DVR701';
import { DVR702 } from './DVR702';
import { DVR801 } from './DVR801';
import { DVR802 } from './DVR802';
import { DVR901 } from './DVR901';
import { DVR902 } from './DVR902';
import { DVR903 } from './DVR903';
import { DVR904 } from './DVR904';
import { DVR905 } from './DVR905';
import { DVR906 } from './DVR906';
import { DVR907 } from './DVR907';

/** Every rule's check code; metadata and docs come from rules/<ID>.md. */
export const ALL_CHECKS: readonly RuleCheck[] = [
  DVR001,
  DVR101,
  DVR102,
  DVR103,
  DVR104,
  DVR105,
  DVR106,
  DVR107,
  DVR108,
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
  DVR505,
  DVR506,
  DVR507,
  DVR508,
  DVR509,
  DVR510,
  DVR511,
  DVR601,
  DVR602,
  DVR603,
  DVR701,
  DVR702,
  DVR801,
  DVR802,
  DVR901,
  DVR902,
  DVR903,
  DVR904,
  DVR905,
  DVR906,
  DVR907,
];
