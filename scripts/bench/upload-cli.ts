// The upload bench in a process of its own: its RSS baseline is the app's alone, not the heaps that earlier
// bench sections left behind (whose free space would absorb the upload's allocations and hide them).
import { runUploadBench } from './upload';

void runUploadBench({ quick: process.argv.includes('--quick') }).then((r) => process.stdout.write(JSON.stringify(r)));
