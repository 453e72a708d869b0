namespace Switchyard.Crypto.Tests.Symmetric;

/// <summary>NIST SP 800-38A Appendix F: the four-block plaintext and keys shared by the CBC and CTR examples.</summary>
internal static class Sp80038aVectors
{
    public const string Plaintext =
        "6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51" +
        "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710";

    public const string Key128 = "2b7e151628aed2a6abf7158809cf4f3c";
    public const string Key256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
}
