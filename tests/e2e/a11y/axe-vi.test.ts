import { axeSuite } from './axe.js';

axeSuite('vi');
