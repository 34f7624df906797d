#!/usr/bin/env node
import '../dist/rvnommu.js';
