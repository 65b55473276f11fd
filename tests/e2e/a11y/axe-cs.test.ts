import { axeSuite } from './axe.js';

axeSuite('cs');
