namespace Opbx.Api;

/// <summary>
/// Endpoint metadata: a request body the endpoint accepts, written as its C# type so it can never drift from the schema;
/// the API documentation shows it serialized with the API's own JSON options.
/// </summary>
public sealed record ApiExample(object Body);
