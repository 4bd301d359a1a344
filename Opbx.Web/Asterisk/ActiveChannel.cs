namespace Opbx.Asterisk;

/// <summary>A channel up in Asterisk now (AMI CoreShowChannel): one leg of a call. Legs of one call share LinkedId.</summary>
public sealed record ActiveChannel(
    string Channel,
    string UniqueId,
    string LinkedId,
    string State,
    string Context,
    string Extension,
    string AccountCode,
    string CallerIdNumber,
    string ConnectedLineNumber,
    string Application,
    TimeSpan Duration);
