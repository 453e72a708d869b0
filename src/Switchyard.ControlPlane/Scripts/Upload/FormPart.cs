using System.Text;

namespace Switchyard.ControlPlane.Scripts.Upload;

/// <summary>One part of a multipart/form-data body. <see cref="ContentType"/> is null when the part had none.</summary>
public sealed record FormPart(string Name, string? FileName, string? ContentType, byte[] Data)
{
    public string Text => Encoding.UTF8.GetString(Data);
}
