import { axeSuite } from './axe.js';

axeSuite('en');
