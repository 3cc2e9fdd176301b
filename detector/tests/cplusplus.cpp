// The public header compiles as C++ and links from a C++ program.
#include "unspun.h"

#include <cstdio>

int main()
{
    unspun_engine *e = nullptr;
    unspun_error err{};
    unspun_engine_options opt{};
    opt.data_path = "/nonexistent/unspun.dat";
    unspun_status rc = unspun_engine_new(&opt, &e, &err);
    std::printf("%s\n", unspun_strerror(rc));
    return rc == UNSPUN_E_IO && e == nullptr ? 0 : 1;
}
