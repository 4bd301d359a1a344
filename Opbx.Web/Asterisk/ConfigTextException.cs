namespace Opbx.Asterisk;

/// <summary>Something that is not a plain configuration value reached the output: the render stops rather than write it.</summary>
public sealed class ConfigTextException(string message) : Exception(message);
