#!/usr/bin/env node
/**
 * The CDK app (`cdk.json` runs it with tsx): `npx cdk synth`, `npx cdk deploy --all`.
 * Settings come from context: `-c config=path/to.json` and/or `-c prefix=staging ...`.
 */
import { buildApp } from '../lib/app.ts';

buildApp().app.synth();
