#!/usr/bin/env node
import { createRirekiApp } from '../lib/createRirekiApp.js';

// Run by the CDK CLI (cdk.json): the CLI passes the context and the output folder, and the app
// synthesizes when the process ends.
createRirekiApp();
