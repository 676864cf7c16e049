using System.Security.Claims;
using Microsoft.Extensions.Options;
using PerfEvalAnalytics.Dashboard.Auth;
using PerfEvalAnalytics.Ingestion;

namespace PerfEvalAnalytics.Dashboard.Services;

/// <summary>An uploaded file: its name as sent and a way to read it.</summary>
public sealed record UploadedFile(string Name, long Size, Func<long, Stream> Open);

/// <summary>
/// The import page's job: checks type and size, saves each file into the upload folder, ingests and analyses
/// (through <see cref="DataJobs"/>). Files refused by the checks are reported as failed with the reason. Only
/// 管理员 and 审阅员 may import: checked here, on the server, before any file is written.
/// </summary>
public sealed class ImportService(DataJobs jobs, ActionGuard guard, IOptions<DashboardOptions> options)
{
    public DashboardOptions Limits => options.Value;

    /// <summary>The extensions the ingestion reads (whatever FormFiles picks up in a folder).</summary>
    public static IReadOnlyList<string> Extensions => FormFiles.FolderExtensions;

    /// <exception cref="AccessDeniedException">The user may not import.</exception>
    public async Task<IngestReport> ImportAsync(ClaimsPrincipal user, IReadOnlyList<UploadedFile> files,
        IProgress<FileIngestResult>? progress, CancellationToken ct)
    {
        var actor = await guard.RequireAsync(user, Policies.Import);
        var limits = options.Value;
        var refused = new List<FileIngestResult>();
        var saved = new List<string>();
        var folder = Path.GetFullPath(limits.UploadFolder);
        Directory.CreateDirectory(folder);
        foreach (var (file, index) in files.Select((f, i) => (f, i)))
        {
            var name = SafeName(file.Name);
            string? reason = null;
            if (index >= limits.MaxUploadFiles)
            {
                reason = $"more than {limits.MaxUploadFiles} files in one upload";
            }
            else if (!Extensions.Contains(Path.GetExtension(name).ToLowerInvariant()))
            {
                reason = $"file type not accepted (accepted: {string.Join(' ', Extensions)})";
            }
            else if (file.Size > limits.MaxUploadBytes)
            {
                reason = $"file larger than {limits.MaxUploadBytes / (1024 * 1024)} MB";
            }
            else if (file.Size == 0)
            {
                reason = "empty file";
            }

            if (reason is not null)
            {
                var r = new FileIngestResult(name, null, null, $"{name}: {reason}");
                refused.Add(r);
                progress?.Report(r);
                continue;
            }

            var path = Path.Combine(folder, name);
            await using (var target = File.Create(path))
            await using (var source = file.Open(limits.MaxUploadBytes))
            {
                await source.CopyToAsync(target, ct);
            }

            saved.Add(path);
        }

        var report = await jobs.IngestAsync(saved, actor, progress, ct);
        return report with { Files = [.. refused, .. report.Files] };
    }

    /// <summary>The file name without any folder part or characters that are unsafe in a file name.</summary>
    public static string SafeName(string name)
    {
        var file = Path.GetFileName(name.Replace('\\', '/'));
        var invalid = Path.GetInvalidFileNameChars();
        var clean = new string([.. file.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c)]).Trim();
        return clean.Length == 0 || clean.StartsWith('.') ? "upload" + clean : clean;
    }
}
