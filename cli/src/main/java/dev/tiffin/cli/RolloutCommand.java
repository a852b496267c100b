package dev.tiffin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Control of the rollout in progress: {@code POST /v1/deployments/{name}/rollout/pause|resume|abort}. */
@Command(
        name = "rollout",
        aliases = {"rollouts"},
        mixinStandardHelpOptions = true,
        description = "Pause, resume or abort a Deployment's rollout in progress.",
        subcommands = {RolloutCommand.Pause.class, RolloutCommand.Resume.class, RolloutCommand.Abort.class},
        footer = {
            "",
            "Each answers 409 (exit 5) when no rollout of the deployment is in progress.",
            "See cli/README.md."
        })
public final class RolloutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    static String path(String name, String action) {
        return DeploymentCommand.path(name, "rollout", action);
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pause the rollout in progress: no further step; its progress deadline stops counting.",
            footer = {"", "Example:", "  tiffin rollout pause iris"})
    static final class Pause extends DeploymentCommand.ActionCommand {
        @Override
        public Integer call() {
            return DeploymentCommand.write(this, action("POST", path(name, "pause"), null, null, "rollout paused"));
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resume a paused rollout (its progress deadline starts again).",
            footer = {"", "Examples:", "  tiffin rollout resume iris", "  tiffin rollout resume iris --wait"})
    static final class Resume extends DeploymentCommand.ActionCommand {
        @Mixin
        Options.Waiting waiting;

        @Override
        public Integer call() {
            return DeploymentCommand.write(
                    this, action("POST", path(name, "resume"), null, waiting, "rollout resumed"));
        }
    }

    @Command(
            name = "abort",
            mixinStandardHelpOptions = true,
            description = "Abort the rollout in progress: it fails (reason aborted) and the revision that served"
                    + " before is rolled back to.",
            footer = {
                "",
                "Example:",
                "  tiffin rollout abort iris",
                "  tiffin deployment events iris     # follow the rollback"
            })
    static final class Abort extends DeploymentCommand.ActionCommand {
        @Override
        public Integer call() {
            return DeploymentCommand.write(this, action("POST", path(name, "abort"), null, null, "rollout aborted"));
        }
    }
}
