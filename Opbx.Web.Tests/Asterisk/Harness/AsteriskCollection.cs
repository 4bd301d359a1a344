namespace Opbx.Tests.Asterisk.Harness;

/// <summary>
/// Every test against the real Asterisk shares one Asterisk and runs one after the other (a collection), so they never
/// fight over its configuration or ports; the collection as a whole runs beside the web tests. The Opbx app that deploys
/// into it (<see cref="AsteriskApp"/>) is the collection's too.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AsteriskCollection : ICollectionFixture<AsteriskServer>, ICollectionFixture<AsteriskApp>
{
    public const string Name = "asterisk";
}
