import { axeSuite } from './axe.js';

axeSuite('uk');
