namespace Opbx.Domain;

/// <summary>Missing, or another organization's: the two are indistinguishable on purpose.</summary>
public sealed class NotFoundException(string what) : Exception($"{what} was not found.");
