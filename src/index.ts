// Every functions file registers itself on import; the Functions host loads this file (package.json "main").
// Telemetry first: export to Application Insights (when configured) is set up before anything else loads.
import './telemetry/start';
import './functions/health.http';
import './functions/fleets.http';
import './functions/members.http';
import './functions/update-strategies.http';
import './functions/update-runs.http';
import './functions/update-run-actions.http';
import './functions/gates.http';
import './functions/audit-events.http';
import './functions/auto-upgrade-profiles.http';
import './functions/auto-upgrade.timer';
import './functions/member-clusters.http';
import './functions/portal.http';
import './functions/not-found.http';
import './orchestrators/run.orchestrator';
import './orchestrators/group.orchestrator';
import './orchestrators/member.orchestrator';
import './orchestrators/gate.orchestrator';
import './orchestrators/after-stage.orchestrator';
import './activities/register';
