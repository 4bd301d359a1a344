using Microsoft.Extensions.Options;
using Opbx.Domain.Calls;

namespace Opbx.Jobs;

/// <summary>
/// Reads the CDR file in-process, every <see cref="AsteriskOptions.CdrPollInterval"/> (1 s by default: a hang-up is a call
/// record within a few seconds), whenever <see cref="AsteriskOptions.CdrFile"/> is set. A backlog (what Asterisk wrote while
/// Opbx was down) is read chunk after chunk before waiting again. A failed read (database busy, file unreadable) is logged
/// and tried again at the next tick: the cursor did not move, so nothing is lost or read twice.
/// </summary>
public sealed class CdrIngestService(IServiceScopeFactory scopes, IOptions<OpbxOptions> options, TimeProvider clock, ILogger<CdrIngestService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = options.Value.Asterisk.CdrFile;
        if (string.IsNullOrWhiteSpace(path)) return;
        var interval = options.Value.Asterisk.CdrPollInterval > TimeSpan.Zero ? options.Value.Asterisk.CdrPollInterval : TimeSpan.FromSeconds(1);
        logger.LogInformation("Reading call records from {Path} every {Interval}.", path, interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                CdrIngestResult result;
                do
                {
                    using var scope = scopes.CreateScope();
                    result = await scope.ServiceProvider.GetRequiredService<CdrIngestion>().IngestAsync(path, clock.GetUtcNow(), ct: stoppingToken);
                }
                while (result.More && !stoppingToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Not swallowed: there is no scheduler to hand it to, and the next tick retries from the same cursor.
                logger.LogError(e, "Reading call records from {Path} failed; trying again.", path);
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
