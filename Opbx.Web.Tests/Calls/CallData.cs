using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Opbx.Data;
using Opbx.Domain.Calls;
using Opbx.Tests.Infrastructure;

namespace Opbx.Tests.Calls;

/// <summary>CDR files written for a test and read into the app with the real ingestion (one cursor per file).</summary>
public sealed class CallData : IDisposable
{
    private readonly OpbxApp _app;
    private readonly string _folder = Directory.CreateTempSubdirectory("opbx-cdr-").FullName;

    public CallData(OpbxApp app) => _app = app;

    public string Path => System.IO.Path.Combine(_folder, "opbx-cdr.csv");

    public void Append(params string[] lines) => File.AppendAllText(Path, string.Concat(lines.Select(l => l + "\n")));

    /// <summary>Reads everything new, chunk after chunk, as the background service does; the results of every read.</summary>
    public async Task<List<CdrIngestResult>> IngestAsync()
    {
        var results = new List<CdrIngestResult>();
        while (true)
        {
            var result = await _app.WithScopeAsync(sp => sp.GetRequiredService<CdrIngestion>().IngestAsync(Path, DateTimeOffset.UtcNow));
            results.Add(result);
            if (!result.More) return results;
        }
    }

    public Task<List<CallRecord>> RecordsAsync(Guid organizationId) => _app.WithScopeAsync(sp =>
        sp.GetRequiredService<OpbxDb>().CallRecords.IgnoreQueryFilters().Where(c => c.OrganizationId == organizationId).OrderBy(c => c.Id).ToListAsync());

    public Task ForgetCursorAsync() => _app.WithScopeAsync(sp =>
        sp.GetRequiredService<OpbxDb>().CdrCursors.Where(c => c.Path == Path).ExecuteDeleteAsync());

    /// <summary>The SIP username (the PJSIP endpoint, so the channel's name) of an organization's extension.</summary>
    public Task<string> SipUsernameAsync(Guid organizationId, string number) => _app.WithScopeAsync(sp =>
        sp.GetRequiredService<OpbxDb>().Extensions.IgnoreQueryFilters().Where(e => e.OrganizationId == organizationId && e.Number == number)
            .Select(e => e.SipUsername).SingleAsync());

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
