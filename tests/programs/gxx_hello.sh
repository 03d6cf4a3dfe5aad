# g++: iostream, exceptions, std::thread, std::map; run the result.
#: requires: sh g++
#: compare: tree
#: file hello.cc
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>
#include <atomic>
int main() {
    std::map<std::string, int> m{{"b", 2}, {"a", 1}};
    for (auto &kv : m) std::cout << kv.first << "=" << kv.second << "\n";
    try { throw std::runtime_error("thrown"); }
    catch (const std::exception &e) { std::cout << "caught " << e.what() << "\n"; }
    std::atomic<int> n{0};
    std::vector<std::thread> ts;
    for (int i = 0; i < 4; i++) ts.emplace_back([&] { for (int j = 0; j < 1000; j++) n++; });
    for (auto &t : ts) t.join();
    std::cout << "threads " << n << std::endl;
    return 0;
}
#: end
sh -c 'g++ -O1 -pthread -o hello hello.cc && ./hello; echo "status $?"'
