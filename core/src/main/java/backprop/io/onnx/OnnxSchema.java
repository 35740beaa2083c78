package backprop.io.onnx;

/**
 * The field numbers of ONNX's messages (onnx.proto, IR version 8 and later) that the exporter writes
 * and the importer reads, and the few enumeration values among them.
 */
final class OnnxSchema {
    private OnnxSchema() {
    }

    static final class Model {
        static final int IR_VERSION = 1;
        static final int PRODUCER_NAME = 2;
        static final int PRODUCER_VERSION = 3;
        static final int DOC_STRING = 6;
        static final int GRAPH = 7;
        static final int OPSET_IMPORT = 8;
        static final int METADATA_PROPS = 14;
    }

    static final class OperatorSet {
        static final int DOMAIN = 1;
        static final int VERSION = 2;
    }

    static final class Entry {
        static final int KEY = 1;
        static final int VALUE = 2;
    }

    static final class Graph {
        static final int NODE = 1;
        static final int NAME = 2;
        static final int INITIALIZER = 5;
        static final int DOC_STRING = 10;
        static final int INPUT = 11;
        static final int OUTPUT = 12;
    }

    static final class Node {
        static final int INPUT = 1;
        static final int OUTPUT = 2;
        static final int NAME = 3;
        static final int OP_TYPE = 4;
        static final int ATTRIBUTE = 5;
        static final int DOMAIN = 7;
    }

    static final class Attribute {
        static final int NAME = 1;
        static final int F = 2;
        static final int I = 3;
        static final int S = 4;
        static final int T = 5;
        static final int FLOATS = 7;
        static final int INTS = 8;
        static final int TYPE = 20;

        static final int TYPE_FLOAT = 1;
        static final int TYPE_INT = 2;
        static final int TYPE_STRING = 3;
        static final int TYPE_INTS = 7;
    }

    static final class Tensor {
        static final int DIMS = 1;
        static final int DATA_TYPE = 2;
        static final int FLOAT_DATA = 4;
        static final int INT32_DATA = 5;
        static final int INT64_DATA = 7;
        static final int NAME = 8;
        static final int RAW_DATA = 9;
        static final int DOUBLE_DATA = 10;
        static final int DATA_LOCATION = 14;

        static final int FLOAT = 1;
        static final int INT32 = 6;
        static final int INT64 = 7;
        static final int DOUBLE = 11;
    }

    static final class ValueInfo {
        static final int NAME = 1;
        static final int TYPE = 2;
        static final int DOC_STRING = 3;
    }

    static final class Type {
        static final int TENSOR_TYPE = 1;
        static final int ELEM_TYPE = 1;
        static final int SHAPE = 2;
        static final int DIM = 1;
        static final int DIM_VALUE = 1;
        static final int DIM_PARAM = 2;
    }
}
