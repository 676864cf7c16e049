using System.CommandLine;
using PerfEvalAnalytics.Data;
using PerfEvalAnalytics.Data.Entities;

namespace PerfEvalAnalytics.Cli.Commands;

/// <summary><c>perfeval review ID --status S [--reviewer NAME] [--note TEXT]</c>: record a review of a finding; the
/// audit trail names the OS user (<c>cli:&lt;user&gt;</c>) who ran it.</summary>
internal static class ReviewCommand
{
    public static Command Create(CliConsole console)
    {
        var id = new Argument<long>("ID") { Description = "The finding's id (the id column of export)." };
        var status = new Option<ReviewStatus>("--status") { Description = "Confirmed, Dismissed, FollowUp or Open.", Required = true };
        var reviewer = new Option<string?>("--reviewer") { Description = "Who reviews (default: cli:<OS user>)." };
        var note = new Option<string?>("--note") { Description = "Why." };
        var db = DatabaseOption.Create();
        var command = new Command("review", "Mark a finding confirmed, dismissed or needing follow-up; kept across re-runs.")
        {
            id, status, reviewer, note, db,
        };
        command.SetAction(async (r, ct) =>
        {
            var store = await DatabaseOption.OpenStoreAsync(r, db, console, ct);
            if (store is null)
            {
                return PerfEvalCli.UsageError;
            }

            var findingId = r.GetValue(id);
            var ok = await new ReviewStore(store.Factory, TimeProvider.System).ReviewLatestAsync(findingId, r.GetValue(status),
                r.GetValue(note), r.GetValue(reviewer) ?? AuditLog.CliActor, AuditLog.CliActor, ct);
            if (!ok)
            {
                console.Error.WriteLine($"error: no current finding with id {findingId}");
                return PerfEvalCli.InputError;
            }

            console.Out.WriteLine($"finding {findingId}: {r.GetValue(status)}");
            return PerfEvalCli.Ok;
        });
        return command;
    }
}
