namespace Opbx.Domain.Webhooks;

/// <summary>The event types an endpoint can receive.</summary>
public static class WebhookEvents
{
    public const string CallEnded = "call.ended";
    public const string DeployFinished = "deploy.finished";

    public static readonly IReadOnlyList<string> All = [CallEnded, DeployFinished];

    public static string Describe(string type) => type switch
    {
        CallEnded => "Call ended (one per call record, once it is read from Asterisk)",
        DeployFinished => "Deploy finished (succeeded, failed or rolled back)",
        _ => type,
    };
}
