namespace Opbx.Asterisk.Ami;

/// <summary>Asterisk could not be reached, the connection broke, or it did not speak AMI.</summary>
public class AmiException : Exception
{
    public AmiException(string message) : base(message) { }
    public AmiException(string message, Exception inner) : base(message, inner) { }
}
