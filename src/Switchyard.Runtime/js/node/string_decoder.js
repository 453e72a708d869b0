// node:string_decoder
import stringDecoder from "string_decoder";
import { registerBuiltin } from "./internal/process.js";

registerBuiltin("string_decoder", stringDecoder);
export default stringDecoder;
export const { StringDecoder } = stringDecoder;
