using Opbx.Email;
using Quartz;

namespace Opbx.Jobs;

/// <summary>Sends one queued e-mail. A failure is thrown to the scheduler, whose retry policy tries again with backoff.</summary>
public sealed class SendEmailJob(EmailDelivery delivery) : IJob
{
    public const string Group = "email";
    public const string To = "to";
    public const string Subject = "subject";
    public const string Html = "html";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        await delivery.SendAsync(data.GetString(To)!, data.GetString(Subject)!, data.GetString(Html)!, cancellationToken);
    }
}
