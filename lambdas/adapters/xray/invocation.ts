/**
 * One invocation's trace: the subsegment the function's handler runs in, the AWS calls made
 * inside it, and how it is sent when the invocation ends.
 */
import { type DaemonEmitter, MAX_DOCUMENT_BYTES } from './daemon.ts';
import {
  causeOf,
  epochSeconds,
  type Subsegment,
  type SubsegmentDocument,
  segmentId,
  type TraceHeader,
} from './segment.ts';

/** An open invocation subsegment. */
export interface Invocation {
  /** The trace header for a call made inside this invocation, its parent `parentId`. */
  headerFor(parentId: string): string;
  /** Records a finished child (an AWS call). */
  add(child: Subsegment): void;
  /** Closes the subsegment (with the error that ended it, if any) and sends it. */
  end(error?: unknown): void;
}

/** What names the invocation subsegment. */
export interface InvocationNames {
  /** e.g. `## index.handler`. */
  readonly name: string;
  readonly annotations: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Opens the subsegment of one sampled invocation, a child of the function segment Lambda
 * writes (`header.parent`). At the end it goes to the daemon as one document holding its
 * children; those that would take it past a datagram's size go first, each on its own.
 * @example const inv = openInvocation(header, { name: '## index.handler', annotations: {} }, emitter); inv.end();
 */
export function openInvocation(
  header: TraceHeader,
  names: InvocationNames,
  emitter: DaemonEmitter,
): Invocation {
  const children: Subsegment[] = [];
  const own: Subsegment = {
    id: segmentId(),
    name: names.name,
    start_time: epochSeconds(),
    annotations: names.annotations,
  };
  const standalone = (s: Subsegment, parentId: string): SubsegmentDocument => ({
    ...s,
    type: 'subsegment',
    trace_id: header.root,
    parent_id: parentId,
  });
  return {
    headerFor: (parentId) => `Root=${header.root};Parent=${parentId};Sampled=1`,
    add: (child) => {
      children.push(child);
    },
    end(error) {
      own.end_time = epochSeconds();
      if (error !== undefined) {
        own.fault = true;
        own.cause = causeOf(error);
      }
      // Serialised once: the children are spliced into the document as text.
      const head = JSON.stringify(standalone(own, header.parent));
      let room = MAX_DOCUMENT_BYTES - Buffer.byteLength(head) - 20;
      const inside: string[] = [];
      for (const child of children) {
        const json = JSON.stringify(child);
        const bytes = Buffer.byteLength(json) + 1;
        if (bytes < room) {
          inside.push(json);
          room -= bytes;
        } else emitter.send(JSON.stringify(standalone(child, own.id)));
      }
      emitter.send(inside.length ? `${head.slice(0, -1)},"subsegments":[${inside.join(',')}]}` : head);
    },
  };
}
