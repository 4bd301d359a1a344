namespace Opbx.Tests.Webhooks;

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookApp>
{
    public const string Name = "webhooks";
}
