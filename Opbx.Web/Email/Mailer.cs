using System.Collections.Concurrent;
using System.Reflection;
using HandlebarsDotNet;
using Microsoft.Extensions.Options;
using Opbx.Jobs;
using Quartz;

namespace Opbx.Email;

/// <summary>
/// Renders an e-mail from its Handlebars templates and hands it to the background send job,
/// which survives restarts (Quartz's persistent store) and retries with backoff when SMTP is down.
/// </summary>
public sealed class Mailer(ISchedulerFactory schedulers, IOptions<OpbxOptions> options)
{
    private static readonly IHandlebars Templates = Handlebars.Create();
    // A subject is a plain-text header, not HTML: "Whitfield & Moreno LLP" stays as typed. Line breaks cannot get in:
    // the values are single-line names, and MailMessage refuses a subject with one.
    private static readonly IHandlebars PlainText = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
    private static readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> Compiled = new();

    public Task QueueAsync(string to, string template, object model, CancellationToken ct = default) =>
        QueueRawAsync(to, Render(PlainText, $"{template}.subject", model).Trim(), Render(Templates, $"{template}.html", model), ct);

    public async Task QueueRawAsync(string to, string subject, string html, CancellationToken ct = default)
    {
        var jobs = options.Value.Jobs;
        var job = JobBuilder.Create<SendEmailJob>()
            .WithIdentity($"email-{Guid.NewGuid():N}", SendEmailJob.Group)
            .WithDescription($"E-mail to {to}: {subject}")
            .UsingJobData(SendEmailJob.To, to)
            .UsingJobData(SendEmailJob.Subject, subject)
            .UsingJobData(SendEmailJob.Html, html)
            .Build();
        var trigger = TriggerBuilder.Create()
            .ForJob(job)
            .StartNow()
            .WithRetryPolicy(RetryPolicy.Exponential(jobs.EmailRetries, jobs.EmailRetryDelay, 2.0, jobs.EmailRetryMaxDelay))
            .Build();
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.ScheduleJob(job, trigger, cancellationToken: ct);
    }

    private static string Render(IHandlebars handlebars, string name, object model)
    {
        var template = Compiled.GetOrAdd(name, n =>
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Opbx.Email.Templates.{n}.hbs")
                ?? throw new InvalidOperationException($"No e-mail template {n}.");
            using var reader = new StreamReader(stream);
            return handlebars.Compile(reader.ReadToEnd());
        });
        return template(model);
    }
}
