import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Planbox } from '../../app/create-planbox';
import { ToolKit } from './tool-kit';
import { registerAuthoringTools } from './authoring-tools';
import { registerReadingTools } from './reading-tools';
import { registerVersionTools } from './version-tools';
import { registerApprovalTools } from './approval-tools';
import { registerStepTools } from './step-tools';
import { registerSandboxTools } from './sandbox-tools';
import { notifyPlanChanges, registerPlanResources } from './resources';

const INSTRUCTIONS = `Planbox keeps execution plans that a person reviews and approves before anything runs.
Write a plan with create_plan (steps with ids, kinds and dependencies), then request_approval and poll
get_approval_status: the person decides in the Planbox app. Once approved, run sandbox steps with
execute_step (each in a fresh Docker container, with a snapshot before it) and carry out manual or
agent steps yourself with start_step, complete_step and fail_step. view_progress says what is ready.
A new version (refine_plan, rollback_plan) needs a new approval. Every change is in Planbox's audit log
under your client's name.`;

export interface PlanboxMcpServer {
  server: McpServer;
  kit: ToolKit;
  /** Stops the resource notifications (the server's listener on the event bus). */
  stopNotifications: () => void;
}

/** The MCP server over one Planbox: its tools and resources, each a thin translation to the contract. */
export function createPlanboxMcpServer(
  planbox: Planbox,
  options: { version: string; log: (line: string) => void },
): PlanboxMcpServer {
  const server = new McpServer(
    { name: 'planbox', title: 'Planbox', version: options.version },
    { capabilities: { tools: {}, resources: { subscribe: true, listChanged: true } }, instructions: INSTRUCTIONS },
  );
  const kit = new ToolKit(server, planbox, options.log);
  registerAuthoringTools(kit);
  registerReadingTools(kit);
  registerVersionTools(kit);
  registerApprovalTools(kit);
  registerStepTools(kit);
  registerSandboxTools(kit);
  registerPlanResources(kit);
  const stopNotifications = notifyPlanChanges(kit, planbox.events);
  return { server, kit, stopNotifications };
}
