// node:string_decoder
import stringDecoder from "string_decoder";

export default stringDecoder;
export const { StringDecoder } = stringDecoder;
